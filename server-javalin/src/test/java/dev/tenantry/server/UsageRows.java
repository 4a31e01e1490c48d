package dev.tenantry.server;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;

/** The usage rows a server's jdbc store wrote, read straight from its database. */
final class UsageRows {
    private UsageRows() {
    }

    /** {@return how many usage rows each event id of {@code tenant} has in the database at {@code jdbcUrl}} */
    static Map<String, Integer> perEventId(String jdbcUrl, String tenant) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement st = c.prepareStatement(
                     "SELECT event_id, COUNT(*) FROM usage_event WHERE tenant_id = ? GROUP BY event_id")) {
            st.setString(1, tenant);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.put(new String(rs.getBytes(1), StandardCharsets.UTF_8), rs.getInt(2));
                }
            }
        }
        return rows;
    }
}
