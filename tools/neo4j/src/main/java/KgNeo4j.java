import java.nio.file.Path;
import java.time.Duration;

import java.util.List;

import inet.ipaddr.IPAddressString;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j Community server with a Bolt port on 127.0.0.1, data under HOME.
 *
 * Usage: KgNeo4j HOME PORT. Authentication is off (the driver's user and password are then
 * accepted whatever they are), so tests and `make neo4j` need no password set-up. Prints
 * "ready" once Bolt listens and stops cleanly on SIGTERM.
 */
public final class KgNeo4j {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args.length > 0 ? args[0] : "neo4j-home").toAbsolutePath();
        int port = Integer.parseInt(args.length > 1 ? args[1] : "7687");
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // sized for a 2-core machine that also runs the tests: heap is set by -Xmx
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(512))
                // a transaction past its timeout is stopped within 0.1 s (default check: every 2 s),
                // and one may hold at most 256 MB, as on the embedded store
                .setConfig(GraphDatabaseSettings.transaction_monitor_check_interval, Duration.ofMillis(100))
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, ByteUnit.mebiBytes(256))
                // a read never reaches the machine's files or the network (LOAD CSV, and the
                // project's own guard refuses it before it gets here)
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseInternalSettings.cypher_ip_blocklist,
                           List.of(new IPAddressString("0.0.0.0/0"), new IPAddressString("::/0")))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "kg-neo4j-shutdown"));
        System.out.println("ready bolt://127.0.0.1:" + port + " data " + home);
        System.out.flush();
        Thread.currentThread().join();
    }
}
