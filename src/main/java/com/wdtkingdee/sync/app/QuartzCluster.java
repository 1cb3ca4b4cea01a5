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
 * {@link Connections}, so no database password is ever written to a Quartz property.
 */
public final class QuartzCluster {

    private QuartzCluster() {
    }

    /** The Quartz component for service mode. All instances must share {@code camel.main.name}. */
    public static QuartzComponent component(DataSource dataSource, String instanceName) {
        Connections.DATA_SOURCE.set(dataSource);
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", instanceName);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "2");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.dataSource", "sync");
        p.setProperty("org.quartz.dataSource.sync.connectionProvider.class", Connections.class.getName());
        QuartzComponent quartz = new QuartzComponent();
        quartz.setProperties(p);
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
