package io.dualmigrate.demo;

import io.dualmigrate.testkit.Sql;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The demo's shop database: customers, orders and order lines (composite key) in OLD, and the
 * reshaped copy in NEW that the migration maps them to.
 *
 * <p>NEW renames {@code customers.full_name} to {@code name}, drops {@code phone} and adds a
 * constant {@code source_system}; every NEW table carries the job's bookkeeping columns. NEW has no
 * foreign keys: the job orders changes per key, not across tables, so an order line may reach NEW
 * before its order does.
 */
final class ShopSchema {

    static final String MIGRATION = "shop";
    static final String OLD_DATABASE = "old_shop";
    static final String NEW_DATABASE = "new_shop";
    static final String SOURCE_SYSTEM = "legacy-shop";
    static final String LIVE = "NOT _dm_deleted";

    /** One table and the columns that must match on both sides, OLD first. */
    record MappedTable(String name, String oldColumns, String newColumns) {}

    static final List<MappedTable> TABLES =
            List.of(
                    new MappedTable(
                            "customers",
                            "id, email, full_name, tier, created_at, updated_at, '"
                                    + SOURCE_SYSTEM
                                    + "'::text",
                            "id, email, name, tier, created_at, updated_at, source_system"),
                    new MappedTable(
                            "orders",
                            "id, customer_id, status, total_cents, placed_at, updated_at",
                            "id, customer_id, status, total_cents, placed_at, updated_at"),
                    new MappedTable(
                            "order_lines",
                            "order_id, line_no, sku, quantity, unit_price_cents",
                            "order_id, line_no, sku, quantity, unit_price_cents"));

    private static final String OLD_DDL =
            """
            CREATE TABLE customers (
                id bigint PRIMARY KEY,
                email text NOT NULL,
                full_name text NOT NULL,
                phone text,
                tier smallint NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now());
            CREATE TABLE orders (
                id bigint PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES customers (id),
                status text NOT NULL,
                total_cents bigint NOT NULL,
                placed_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL);
            CREATE INDEX orders_customer ON orders (customer_id);
            CREATE TABLE order_lines (
                order_id bigint NOT NULL REFERENCES orders (id),
                line_no int NOT NULL,
                sku text NOT NULL,
                quantity int NOT NULL,
                unit_price_cents bigint NOT NULL,
                PRIMARY KEY (order_id, line_no));
            ALTER TABLE customers REPLICA IDENTITY FULL;
            ALTER TABLE orders REPLICA IDENTITY FULL;
            ALTER TABLE order_lines REPLICA IDENTITY FULL;
            """;

    private static final String NEW_DDL =
            """
            CREATE TABLE customers (
                id bigint PRIMARY KEY,
                email text NOT NULL,
                name text NOT NULL,
                tier smallint NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                source_system text NOT NULL,
                _dm_version bigint,
                _dm_deleted boolean NOT NULL DEFAULT false);
            CREATE TABLE orders (
                id bigint PRIMARY KEY,
                customer_id bigint NOT NULL,
                status text NOT NULL,
                total_cents bigint NOT NULL,
                placed_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                _dm_version bigint,
                _dm_deleted boolean NOT NULL DEFAULT false);
            CREATE TABLE order_lines (
                order_id bigint NOT NULL,
                line_no int NOT NULL,
                sku text,
                quantity int,
                unit_price_cents bigint,
                _dm_version bigint,
                _dm_deleted boolean NOT NULL DEFAULT false,
                PRIMARY KEY (order_id, line_no));
            """;

    // Names with accents and non-Latin letters, so a broken encoding would show as a DIFF.
    private static final String INITIAL_DATA =
            """
            INSERT INTO customers (id, email, full_name, phone, tier, created_at, updated_at)
            SELECT g, 'customer' || g || '@example.com',
                   (ARRAY['Ada', 'Zoë', 'José', 'Łukasz', 'Mei', 'Olu', 'Søren', 'Priya'])[1 + g %% 8]
                       || ' ' || (ARRAY['Lovelace', 'Müller', 'Núñez', 'Kowalski', '王', 'Okafor'])[1 + g %% 6],
                   CASE WHEN g %% 5 = 0 THEN NULL ELSE '+1-555-' || lpad((g %% 10000)::text, 4, '0') END,
                   g %% 4,
                   timestamptz '2024-01-01 00:00:00+00' + g * interval '37 minutes',
                   timestamptz '2024-06-01 00:00:00+00' + g * interval '11 minutes 0.123456 seconds'
            FROM generate_series(1, %1$d) g;
            INSERT INTO orders (id, customer_id, status, total_cents, placed_at, updated_at)
            SELECT g, 1 + (g * 7919) %% %1$d,
                   (ARRAY['placed', 'paid', 'shipped', 'delivered'])[1 + g %% 4],
                   500 + (g * 37) %% 50000,
                   timestamptz '2024-03-01 00:00:00+00' + g * interval '13 minutes',
                   timestamptz '2024-03-01 00:00:00+00' + g * interval '17 minutes'
            FROM generate_series(1, %2$d) g;
            INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_cents)
            SELECT o.id, l, 'SKU-' || lpad(((o.id * 13 + l * 7) %% 500)::text, 4, '0'),
                   1 + (o.id + l) %% 5, 199 + (o.id * l * 31) %% 9800
            FROM orders o, generate_series(1, 1 + o.id %% 4) l;
            """;

    private ShopSchema() {}

    static void create(Connection old, Connection neu) throws SQLException {
        Sql.exec(old, OLD_DDL);
        Sql.exec(neu, NEW_DDL);
    }

    /** Loads the initial rows into OLD; order lines follow from the orders (1-4 each). */
    static void load(Connection old, int customers, int orders) throws SQLException {
        Sql.exec(old, INITIAL_DATA.formatted(customers, orders));
    }

    /** The migration file for the demo; the password comes from {@code passwordFile}. */
    static String migrationYaml(int port, Path passwordFile) {
        return """
                # Written by './dualmigrate demo'; conf/examples/ has a commented example.
                migration:
                  name: %1$s
                source:
                  hostname: 127.0.0.1
                  port: %2$d
                  database: %3$s
                  username: postgres
                  password-file: %4$s
                  snapshot:
                    chunk-size: 2000
                target:
                  hostname: 127.0.0.1
                  port: %2$d
                  database: %5$s
                  username: postgres
                  password-file: %4$s
                tables:
                  - source: public.customers
                    rename: {full_name: name}
                    drop: [phone]
                    add: {source_system: %6$s}
                  - source: public.orders
                  - source: public.order_lines
                """
                .formatted(
                        MIGRATION, port, OLD_DATABASE, passwordFile, NEW_DATABASE, SOURCE_SYSTEM);
    }
}
