/**
 * The figure of docs/database.md ("What synchronous commit costs"): median commit latency against
 * the round-trip time the proxy really added, one line per client count, synchronous solid and
 * asynchronous dashed, with the fitted model for one client. Plain SVG, no plotting library.
 */
import { Cell, LinearFit } from "./model";

const W = 640;
const H = 400;
const M = { left: 60, right: 150, top: 30, bottom: 50 };
const COLOURS = ["#1b6ca8", "#d1495b", "#2e933c", "#8f5fb6", "#e07a10"];

function niceMax(v: number): number {
    if (!(v > 0)) return 1;
    const p = 10 ** Math.floor(Math.log10(v));
    return [1, 2, 2.5, 5, 10].map((m) => m * p).find((m) => m >= v) ?? 10 * p;
}

function ticks(max: number, n = 5): number[] {
    return Array.from({ length: n + 1 }, (_, i) => (max * i) / n);
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

export function latencySvg(cells: Cell[], fit: LinearFit | undefined, title: string): string {
    const clients = [...new Set(cells.map((c) => c.clients))].sort((a, b) => a - b);
    const xMax = niceMax(Math.max(...cells.map((c) => c.rttMeasuredMs), 0.1));
    const yMax = niceMax(Math.max(...cells.map((c) => c.p50Ms), 0.1));
    const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
    const y = (v: number) => H - M.bottom - (v / yMax) * (H - M.top - M.bottom);
    const parts: string[] = [];
    parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
    parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
    parts.push(`<text x="${M.left}" y="18" font-size="14">${title}</text>`);
    for (const t of ticks(xMax)) {
        parts.push(`<line x1="${x(t)}" y1="${y(0)}" x2="${x(t)}" y2="${y(yMax)}" stroke="#eee"/>`);
        parts.push(`<text x="${x(t)}" y="${y(0) + 16}" text-anchor="middle">${fmt(t)}</text>`);
    }
    for (const t of ticks(yMax)) {
        parts.push(`<line x1="${x(0)}" y1="${y(t)}" x2="${x(xMax)}" y2="${y(t)}" stroke="#eee"/>`);
        parts.push(`<text x="${x(0) - 6}" y="${y(t) + 4}" text-anchor="end">${fmt(t)}</text>`);
    }
    parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(xMax)}" y2="${y(0)}" stroke="black"/>`);
    parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(0)}" y2="${y(yMax)}" stroke="black"/>`);
    parts.push(`<text x="${(x(0) + x(xMax)) / 2}" y="${H - 12}" text-anchor="middle">round-trip time added between primary and standbys (ms, measured)</text>`);
    parts.push(`<text transform="translate(16 ${(y(0) + y(yMax)) / 2}) rotate(-90)" text-anchor="middle">median commit latency (ms)</text>`);
    let legendY = M.top + 10;
    const legend = (colour: string, dash: string, label: string) => {
        parts.push(`<line x1="${W - M.right + 12}" y1="${legendY}" x2="${W - M.right + 36}" y2="${legendY}" stroke="${colour}" stroke-width="2" ${dash}/>`);
        parts.push(`<text x="${W - M.right + 42}" y="${legendY + 4}">${label}</text>`);
        legendY += 18;
    };
    clients.forEach((n, i) => {
        const colour = COLOURS[i % COLOURS.length];
        for (const mode of ["sync", "async"] as const) {
            const pts = cells.filter((c) => c.clients === n && c.mode === mode).sort((a, b) => a.rttMeasuredMs - b.rttMeasuredMs);
            if (pts.length === 0) continue;
            const dash = mode === "async" ? `stroke-dasharray="5 4"` : "";
            parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash} points="${pts.map((p) => `${x(p.rttMeasuredMs).toFixed(1)},${y(p.p50Ms).toFixed(1)}`).join(" ")}"/>`);
            for (const p of pts) parts.push(`<circle cx="${x(p.rttMeasuredMs).toFixed(1)}" cy="${y(p.p50Ms).toFixed(1)}" r="3" fill="${colour}"/>`);
            legend(colour, dash, `${mode === "sync" ? "ANY 1" : "async"}, ${n} client${n === 1 ? "" : "s"}`);
        }
    });
    if (fit) {
        const x1 = xMax;
        parts.push(`<line x1="${x(0)}" y1="${y(fit.interceptMs)}" x2="${x(x1)}" y2="${y(fit.interceptMs + fit.slope * x1)}" stroke="#555" stroke-width="1" stroke-dasharray="2 3"/>`);
        legend("#555", `stroke-dasharray="2 3"`, `fit: ${fit.interceptMs.toFixed(2)} + ${fit.slope.toFixed(2)}·RTT`);
    }
    parts.push("</svg>");
    return parts.join("\n") + "\n";
}
