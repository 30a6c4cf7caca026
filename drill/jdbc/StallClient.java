/*
 * One pgjdbc connection, driven from stdin, for the jdbc-socket-timeout drill (drill/drills/jdbc-stall.ts).
 * Usage: java -cp <pgjdbc jar> StallClient.java <jdbc url>
 * Prints "pid <backend pid>" once connected; then, for every line read, runs SELECT 1 and prints
 * "ok <ms>", or "error <ms> <SQLState> <message>" and exits (the connection is broken then).
 */
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public class StallClient {
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0], "postgres", "")) {
            System.out.println("pid " + scalar(connection, "SELECT pg_backend_pid()"));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            while (in.readLine() != null) {
                long start = System.nanoTime();
                try {
                    scalar(connection, "SELECT 1");
                    System.out.println("ok " + millisSince(start));
                } catch (SQLException e) {
                    String cause = e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage() + ")";
                    System.out.println("error " + millisSince(start) + " " + e.getSQLState() + " " + e.getMessage().replace('\n', ' ') + cause);
                    return;
                }
            }
        }
    }

    private static String scalar(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
