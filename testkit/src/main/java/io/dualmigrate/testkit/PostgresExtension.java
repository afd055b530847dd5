package io.dualmigrate.testkit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real PostgreSQL server per test class: {@code @RegisterExtension static final
 * PostgresExtension PG = new PostgresExtension();} then {@code PG.server()} in the tests.
 */
public final class PostgresExtension implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = EmbeddedPostgres.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public EmbeddedPostgres server() {
        if (server == null) {
            throw new IllegalStateException("PostgreSQL runs only while the test class runs");
        }
        return server;
    }
}
