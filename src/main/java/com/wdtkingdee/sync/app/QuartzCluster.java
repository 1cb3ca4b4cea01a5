package com.wdtkingdee.sync.app;

import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.utils.ConnectionProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Quartz in cluster mode on the product's PostgreSQL (JDBC JobStore, tables {@code qrtz_*} from migration V2):
 * every instance of the service schedules the same trigger, only one fires it per tick, and when the active
 * instance dies another takes over. Quartz borrows connections from the product's pool through
 * {@link Connections}, so no database password is ever written to a Quartz property. The Quartz settings are in
 * {@code quartz-cluster.properties} ({@code camel.component.quartz.properties-file}).
 */
public final class QuartzCluster {

    private QuartzCluster() {
    }

    /**
     * The Quartz component of the service, configured from {@code propertiesFile} (Camel resource syntax, e.g.
     * {@code classpath:quartz-cluster.properties} or {@code file:/etc/wdt/quartz.properties}). Bound in service mode
     * only, so a one-shot run never joins the cluster.
     */
    public static QuartzComponent component(DataSource dataSource, String propertiesFile) {
        Connections.DATA_SOURCE.set(dataSource);
        QuartzComponent quartz = new QuartzComponent();
        quartz.setPropertiesFile(propertiesFile);
        return quartz;
    }

    /** Hands Quartz connections of the product's pool (Quartz creates it by class name). */
    public static final class Connections implements ConnectionProvider {
        static final AtomicReference<DataSource> DATA_SOURCE = new AtomicReference<>();

        @Override
        public Connection getConnection() throws SQLException {
            DataSource ds = DATA_SOURCE.get();
            if (ds == null) {
                throw new SQLException("the state database is not open");
            }
            return ds.getConnection();
        }

        @Override
        public void shutdown() {
            // the pool belongs to the application
        }

        @Override
        public void initialize() {
            // nothing to prepare
        }
    }
}
