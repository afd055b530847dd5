package io.dualmigrate.config;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/** Where a PostgreSQL database is and how to log in; the password stays a {@link Secret}. */
public final class ConnectionSettings implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final java.sql.Driver DRIVER = new org.postgresql.Driver();

    private final String hostname;
    private final int port;
    private final String database;
    private final String username;
    private final Secret password;

    public ConnectionSettings(
            String hostname, int port, String database, String username, Secret password) {
        this.hostname = hostname;
        this.port = port;
        this.database = database;
        this.username = username;
        this.password = password;
    }

    public String hostname() {
        return hostname;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public Secret password() {
        return password;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostname + ":" + port + "/" + database;
    }

    /** Opens a connection; string parameters are untyped, so CAST(? AS t) parses them as t. */
    public Connection connect(String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", username);
        props.setProperty("password", password.reveal());
        props.setProperty("ApplicationName", applicationName);
        props.setProperty("stringtype", "unspecified");
        // Keep row values out of exception messages and so out of logs; the dead-letter table
        // holds the whole event.
        props.setProperty("logServerErrorDetail", "false");
        props.setProperty("tcpKeepAlive", "true");
        props.setProperty("connectTimeout", "10");
        // The driver itself, not DriverManager: on a Flink cluster this class lives in the job
        // jar's class loader, whose drivers DriverManager neither discovers nor hands out
        // ("No suitable driver found" when the JobManager runs the job's main method).
        return DRIVER.connect(jdbcUrl(), props);
    }

    @Override
    public String toString() {
        return username + "@" + hostname + ":" + port + "/" + database;
    }
}
