package io.dualmigrate.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A password read from an environment variable or a file, never from the migration file.
 *
 * <p>{@link #toString()} never shows the value, so a secret that reaches a log line, an exception
 * or the Flink web UI's configuration view reads {@code ****}.
 */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * Resolves a secret from exactly one of an environment variable and a file.
     *
     * @param prefix the key prefix, e.g. {@code source}, used in error messages
     */
    public static Secret resolve(
            String prefix, String envName, String file, Map<String, String> environment) {
        String envKey = prefix + ".password-env";
        String fileKey = prefix + ".password-file";
        if (envName != null && file != null) {
            throw ConfigException.forKey(
                    envKey, "both it and '" + fileKey + "' are set", "Keep exactly one of them");
        }
        if (envName != null) {
            String value = environment.get(envName);
            if (value == null) {
                throw ConfigException.forKey(
                        envKey,
                        "environment variable " + envName + " is not set",
                        "Export " + envName + " before starting the job");
            }
            return new Secret(value);
        }
        if (file != null) {
            try {
                String value = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                return new Secret(value);
            } catch (IOException e) {
                throw ConfigException.forKey(
                        fileKey,
                        "cannot read " + file + " (" + e.getClass().getSimpleName() + ")",
                        "Point it at a readable file that holds only the password");
            }
        }
        throw ConfigException.forKey(
                envKey,
                "no password source is set",
                "Set '"
                        + envKey
                        + "' to an environment variable name or '"
                        + fileKey
                        + "' to a file");
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
