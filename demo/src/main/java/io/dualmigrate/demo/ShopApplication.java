package io.dualmigrate.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated application: keeps writing to OLD from its own thread at a steady rate while the
 * migration runs, the way real traffic would during dual-write and backfill.
 *
 * <p>Each step is one transaction: sign-ups, profile edits, account erasures, new orders with their
 * lines, status changes, quantity edits, removed lines and cancelled orders. Recent orders change
 * most, so the same keys are updated again and again, which is what the job's last-write-wins rule
 * is for. The rate counts row changes, not transactions.
 */
final class ShopApplication implements AutoCloseable {

    private static final String[] STATUS = {"placed", "paid", "shipped", "delivered"};
    private static final String WAL_POSITION =
            "SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint";

    private final Connection db;
    private final int rate;
    private final LagTracker lag;
    private final SplittableRandom random = new SplittableRandom(20240601L);
    private final AtomicLong inserts = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private final AtomicLong deletes = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;
    private volatile Exception failure;
    private long nextCustomerId;
    private long nextOrderId;

    /** The application writing {@code rate} row changes per second into {@code db} (OLD). */
    ShopApplication(Connection db, int rate, LagTracker lag) throws SQLException {
        this.db = db;
        this.rate = rate;
        this.lag = lag;
        db.setAutoCommit(false);
        nextCustomerId = maxId("customers") + 1;
        nextOrderId = maxId("orders") + 1;
        db.commit();
        this.thread = new Thread(this::loop, "shop-application");
        thread.setDaemon(true);
    }

    /** The WAL position of OLD now, as the LSN versions in NEW count it. */
    static long walPosition(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WAL_POSITION);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Stops after the current transaction. */
    void stop() throws InterruptedException {
        running = false;
        thread.join();
    }

    long changes() {
        return inserts.get() + updates.get() + deletes.get();
    }

    String breakdown() {
        return String.format(
                "%,d inserts, %,d updates, %,d deletes",
                inserts.get(), updates.get(), deletes.get());
    }

    /** Why the application stopped on its own, or null. */
    Exception failure() {
        return failure;
    }

    private void loop() {
        long start = System.nanoTime();
        long made = 0;
        try {
            while (running) {
                long txStart = System.nanoTime();
                int changed = step();
                if (changed > 0) {
                    lag.committed(txStart, walPosition(db));
                }
                db.commit();
                made += changed;
                long due = start + made * 1_000_000_000L / rate;
                long now = System.nanoTime();
                if (due > now) {
                    Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
                } else if (now - due > 1_000_000_000L) {
                    // Fell more than a second behind (a busy machine): resume the steady rate
                    // instead of bursting to catch up.
                    start = now - made * 1_000_000_000L / rate;
                }
            }
        } catch (Exception e) {
            failure = e;
            running = false;
        }
    }

    /** One transaction of application traffic; returns the number of rows it changed. */
    private int step() throws SQLException {
        int dice = random.nextInt(100);
        if (dice < 6) {
            return signUp();
        } else if (dice < 14) {
            return update(
                    "UPDATE customers SET email = ?, tier = ?, updated_at = clock_timestamp()"
                            + " WHERE id = ?",
                    "customer" + random.nextInt(1_000_000) + "@example.org",
                    random.nextInt(4),
                    anyCustomer());
        } else if (dice < 16) {
            return eraseCustomer(anyCustomer());
        } else if (dice < 36) {
            return placeOrder();
        } else if (dice < 66) {
            return update(
                    "UPDATE orders SET status = ?, updated_at = clock_timestamp() WHERE id = ?",
                    STATUS[random.nextInt(STATUS.length)],
                    recentOrder());
        } else if (dice < 80) {
            return update(
                    "UPDATE order_lines SET quantity = ? WHERE order_id = ? AND line_no = ?",
                    1 + random.nextInt(9),
                    recentOrder(),
                    1 + random.nextInt(4));
        } else if (dice < 88) {
            return delete(
                    "DELETE FROM order_lines WHERE order_id = ? AND line_no = ?",
                    recentOrder(),
                    1 + random.nextInt(4));
        } else {
            return cancelOrder(anyOrder());
        }
    }

    private int signUp() throws SQLException {
        long id = nextCustomerId++;
        try (PreparedStatement ps =
                db.prepareStatement(
                        "INSERT INTO customers (id, email, full_name, phone, tier)"
                                + " VALUES (?, ?, ?, ?, 0)")) {
            ps.setLong(1, id);
            ps.setString(2, "new" + id + "@example.com");
            ps.setString(3, "Customer Nº " + id);
            ps.setString(4, "+44-20-" + (1000 + random.nextInt(9000)));
            return count(inserts, ps.executeUpdate());
        }
    }

    private int placeOrder() throws SQLException {
        long id = nextOrderId++;
        int lines = 1 + random.nextInt(4);
        int changed;
        try (PreparedStatement ps =
                db.prepareStatement(
                        "INSERT INTO orders (id, customer_id, status, total_cents, placed_at,"
                                + " updated_at) SELECT ?, id, 'placed', 0, clock_timestamp(),"
                                + " clock_timestamp() FROM customers WHERE id >= ? ORDER BY id"
                                + " LIMIT 1")) {
            ps.setLong(1, id);
            ps.setLong(2, anyCustomer());
            changed = count(inserts, ps.executeUpdate());
        }
        if (changed == 0) {
            return 0;
        }
        long total = 0;
        try (PreparedStatement ps =
                db.prepareStatement("INSERT INTO order_lines VALUES (?, ?, ?, ?, ?)")) {
            for (int line = 1; line <= lines; line++) {
                int quantity = 1 + random.nextInt(5);
                int price = 199 + random.nextInt(9800);
                total += (long) quantity * price;
                ps.setLong(1, id);
                ps.setInt(2, line);
                ps.setString(3, String.format("SKU-%04d", random.nextInt(500)));
                ps.setInt(4, quantity);
                ps.setLong(5, price);
                ps.addBatch();
            }
            for (int n : ps.executeBatch()) {
                changed += count(inserts, n);
            }
        }
        return changed + update("UPDATE orders SET total_cents = ? WHERE id = ?", total, id);
    }

    private int cancelOrder(long id) throws SQLException {
        return delete("DELETE FROM order_lines WHERE order_id = ?", id)
                + delete("DELETE FROM orders WHERE id = ?", id);
    }

    private int eraseCustomer(long id) throws SQLException {
        return delete(
                        "DELETE FROM order_lines WHERE order_id IN"
                                + " (SELECT id FROM orders WHERE customer_id = ?)",
                        id)
                + delete("DELETE FROM orders WHERE customer_id = ?", id)
                + delete("DELETE FROM customers WHERE id = ?", id);
    }

    private long anyCustomer() {
        return 1 + random.nextLong(nextCustomerId - 1);
    }

    private long anyOrder() {
        return 1 + random.nextLong(nextOrderId - 1);
    }

    /** Mostly one of the latest 200 orders: new orders are the ones that change. */
    private long recentOrder() {
        if (random.nextInt(4) == 0) {
            return anyOrder();
        }
        return Math.max(1, nextOrderId - 1 - random.nextInt(200));
    }

    private int update(String sql, Object... params) throws SQLException {
        return count(updates, execute(sql, params));
    }

    private int delete(String sql, Object... params) throws SQLException {
        return count(deletes, execute(sql, params));
    }

    private int execute(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    private static int count(AtomicLong counter, int rows) {
        counter.addAndGet(rows);
        return rows;
    }

    private long maxId(String table) throws SQLException {
        try (PreparedStatement ps =
                        db.prepareStatement("SELECT coalesce(max(id), 0) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        running = false;
        db.close();
    }
}
