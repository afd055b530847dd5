package io.dualmigrate.config;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;

/**
 * How the shadow-read job authenticates to Kafka: a security protocol and, for SASL, a user whose
 * password comes from an environment variable or a file like the databases' ({@link Secret}).
 * Kafka's clients print {@code sasl.jaas.config} as {@code [hidden]} in their logs.
 */
public final class KafkaSecurity implements Serializable {

    private static final long serialVersionUID = 1L;

    static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    private final String protocol;
    private final String mechanism;
    private final String username;
    private final Secret password;

    KafkaSecurity(String protocol, String mechanism, String username, Secret password) {
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
    }

    /** The client properties for a Kafka source or sink. */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty("security.protocol", protocol);
        if (mechanism != null) {
            String module =
                    mechanism.equals("PLAIN")
                            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                            : "org.apache.kafka.common.security.scram.ScramLoginModule";
            properties.setProperty("sasl.mechanism", mechanism);
            properties.setProperty(
                    "sasl.jaas.config",
                    module
                            + " required username=\""
                            + jaasEscape(username)
                            + "\" password=\""
                            + jaasEscape(password.reveal())
                            + "\";");
        }
        return properties;
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public String toString() {
        return mechanism == null ? protocol : protocol + " " + mechanism + " as " + username;
    }
}
