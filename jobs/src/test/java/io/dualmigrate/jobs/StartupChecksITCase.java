package io.dualmigrate.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.schema.StartupChecks;
import io.dualmigrate.sink.TargetTable;
import io.dualmigrate.testkit.PostgresExtension;
import io.dualmigrate.testkit.Sql;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mappings that do not fit the databases fail before the job starts, naming what to fix. */
class StartupChecksITCase {

    @RegisterExtension static final PostgresExtension PG = new PostgresExtension();

    private static MigrationFixture m;

    @BeforeAll
    static void setUp() throws Exception {
        m = new MigrationFixture(PG.server(), "checks");
        Sql.exec(
                m.old,
                "CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(10,2), legacy int,"
                        + " note varchar(20));\n"
                        + "CREATE TABLE docs (id int PRIMARY KEY, body text);\n"
                        + "CREATE TABLE nokey (id int, v int);\n"
                        + "CREATE TABLE parted (id int PRIMARY KEY, v int) PARTITION BY RANGE (id);\n"
                        + "CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (100);\n"
                        + "CREATE TABLE byindex (id int NOT NULL, v int, PRIMARY KEY (id));\n"
                        + "CREATE UNIQUE INDEX byindex_v ON byindex (v);\n"
                        + "ALTER TABLE byindex ALTER COLUMN v SET NOT NULL;\n"
                        + "ALTER TABLE byindex REPLICA IDENTITY USING INDEX byindex_v;\n"
                        + "CREATE TABLE clash (id int PRIMARY KEY, _dm_version bigint);\n"
                        + "CREATE TABLE extra (id int PRIMARY KEY, v int);\n");
        Sql.exec(
                m.neu,
                "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12,2), note varchar(20),"
                        + " region text NOT NULL, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE docs (id int PRIMARY KEY, body text, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE bare (id bigint PRIMARY KEY, total numeric(12,2));\n"
                        + "CREATE TABLE nokey (id int, v int, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE parted (id int PRIMARY KEY, v int, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE byindex (id int PRIMARY KEY, v int, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE clash (id int PRIMARY KEY, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n"
                        + "CREATE TABLE extra (id int PRIMARY KEY, v int, _dm_version bigint,"
                        + " _dm_deleted boolean NOT NULL DEFAULT false);\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        m.close();
    }

    private static final String GOOD =
            "  - source: public.orders\n"
                    + "    rename: {amount: total}\n"
                    + "    drop: [legacy]\n"
                    + "    add: {region: eu}\n"
                    + "    cast: {amount: 'numeric(12,2)'}\n";

    private static List<TargetTable> check(String tables) {
        return new StartupChecks(m.config(m.header("") + "tables:\n" + tables)).run();
    }

    @Test
    void aFittingMappingResolvesKeyFirstWithConstants() {
        TargetTable orders = check(GOOD).get(0);
        assertThat(orders.keyColumns()).extracting(c -> c.name).containsExactly("id");
        assertThat(orders.columns)
                .extracting(
                        c ->
                                c.name
                                        + "<-"
                                        + (c.isConstant()
                                                ? "'" + c.constant + "'"
                                                : c.sourceColumn))
                .containsExactly("id<-id", "total<-amount", "note<-note", "region<-'eu'");
        assertThat(orders.tombstoneInsert).as("region is NOT NULL without default").isFalse();
    }

    static Stream<Arguments> misfits() {
        return Stream.of(
                Arguments.of(
                        "  - source: public.missing\n",
                        "tables[public.missing]: table public.missing does not exist in OLD"),
                Arguments.of(
                        "  - source: public.orders\n    target: public.gone\n",
                        "tables[public.orders].target: table public.gone does not exist in NEW"),
                Arguments.of(
                        GOOD.replace("rename: {amount: total}", "rename: {amont: total}"),
                        "tables[public.orders].rename: column amont does not exist in OLD"),
                Arguments.of(
                        GOOD.replace("drop: [legacy]", "drop: [legasy]"),
                        "tables[public.orders].drop: column legasy does not exist"),
                Arguments.of(
                        GOOD.replace("add: {region: eu}", "add: {regio: eu}"),
                        "tables[public.orders].add: column regio does not exist in NEW"),
                Arguments.of(
                        GOOD.replace("    drop: [legacy]\n", ""),
                        "OLD column legacy has no column legacy in NEW"),
                Arguments.of(
                        GOOD.replace("    cast: {amount: 'numeric(12,2)'}\n", ""),
                        "column amount is numeric(10,2) in OLD but numeric(12,2) in NEW; accept the change with cast: {amount: numeric(12,2)}"),
                Arguments.of(
                        GOOD.replace("'numeric(12,2)'", "'numeric(14,2)'"),
                        "tables[public.orders].cast.amount: declares numeric(14,2) but the NEW column is numeric(12,2)"),
                Arguments.of(
                        GOOD.replace("    add: {region: eu}\n", ""),
                        "NEW column public.orders.region is NOT NULL without a default"),
                Arguments.of(
                        GOOD.replace("drop: [legacy]", "drop: [legacy, id]"),
                        "primary-key column id cannot be dropped"),
                Arguments.of(
                        "  - source: public.orders\n    target: public.bare\n    rename: {amount: total}\n    drop: [legacy, note]\n    cast: {amount: 'numeric(12,2)'}\n",
                        "needs a bigint version column '_dm_version' (target.version-column); run ALTER TABLE public.bare ADD COLUMN _dm_version bigint"),
                Arguments.of(
                        "  - source: public.nokey\n", "OLD table public.nokey has no primary key"),
                Arguments.of("  - source: public.docs\n", "OLD columns [body] can be TOASTed"),
                Arguments.of(
                        "  - source: public.parted\n",
                        "public.parted is a partitioned table in OLD"),
                Arguments.of(
                        "  - source: public.byindex\n",
                        "REPLICA IDENTITY USING INDEX, so its deletes would not carry the primary key"),
                Arguments.of(
                        "  - source: public.clash\n", "the mapping writes NEW column _dm_version"));
    }

    @ParameterizedTest
    @MethodSource("misfits")
    void misfitsFailNamingTheTableColumnAndFix(String tables, String expected) {
        assertThatThrownBy(() -> check(tables))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void tablesCannotBeAddedToAnExistingMigration() throws Exception {
        Sql.exec(m.old, "CREATE PUBLICATION dualmigrate_grow FOR TABLE orders;\n");
        String yaml =
                m.header("").replace("name: checks", "name: grow")
                        + "tables:\n"
                        + GOOD
                        + "  - source: public.extra\n";
        assertThatThrownBy(() -> new StartupChecks(m.config(yaml)).run())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "tables: [public.extra] are not in the publication dualmigrate_grow");
    }

    @Test
    void replicaIdentityFullIsNamedWithItsFix() {
        assertThatThrownBy(() -> check("  - source: public.docs\n"))
                .hasMessageContaining("ALTER TABLE public.docs REPLICA IDENTITY FULL");
    }

    @Test
    void versionColumnModeNeedsAnIntegerVersionColumn() {
        assertThatThrownBy(
                        () ->
                                new StartupChecks(
                                                m.config(
                                                        m.header(
                                                                        "replication:\n  version-source: column\n  version-column: note\n")
                                                                + "tables:\n"
                                                                + GOOD))
                                        .run())
                .hasMessageContaining(
                        "tables[public.orders].version-column: note is character varying(20)");
    }
}
