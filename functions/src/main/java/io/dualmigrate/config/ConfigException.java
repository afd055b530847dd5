package io.dualmigrate.config;

/** A migration file or the databases it names do not allow the job to start. */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An error about one key, phrased so the user sees the key first and the fix last. */
    public static ConfigException forKey(String key, String problem, String fix) {
        return new ConfigException("'" + key + "': " + problem + ". " + fix);
    }
}
