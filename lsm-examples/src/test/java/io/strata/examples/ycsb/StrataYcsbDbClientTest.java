package io.strata.examples.ycsb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.api.Db;
import io.strata.api.DbIterator;
import io.strata.api.Options;
import io.strata.core.Strata;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.htrace.core.HTraceConfiguration;
import org.apache.htrace.core.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import site.ycsb.ByteIterator;
import site.ycsb.ClientThread;
import site.ycsb.DB;
import site.ycsb.DBFactory;
import site.ycsb.Status;
import site.ycsb.measurements.Measurements;
import site.ycsb.measurements.exporter.TextMeasurementsExporter;
import site.ycsb.workloads.CoreWorkload;

/**
 * YCSB's client against Strata, in process: the load of 1000 records, then workloads A to F (YCSB
 * 0.17.0's files, bundled with the experiment), each driven as {@code site.ycsb.Client} drives it
 * (a {@link CoreWorkload}, bindings made by {@link DBFactory} from the class name, two {@link
 * ClientThread}s) but without {@code Client.main}, which ends the JVM.
 */
class StrataYcsbDbClientTest {
  private static final int RECORDS = 1000;
  private static final int THREADS = 2;

  @TempDir Path dir;

  @Test
  void loadThenWorkloadsAtoFRunWithoutErrors() throws Exception {
    runPhase("a", false, RECORDS);
    assertThat(records()).isEqualTo(RECORDS);
    runPhase("a", true, 1000);
    assertThat(records()).isEqualTo(RECORDS);
    int inserted = 0;
    for (String letter : List.of("b", "c", "d", "e", "f")) {
      int before = records();
      runPhase(letter, true, 300);
      inserted += records() - before; // workloads D and E insert
    }
    assertThat(inserted).isPositive();

    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try (TextMeasurementsExporter exporter = new TextMeasurementsExporter(report)) {
      Measurements.getMeasurements().exportMeasurements(exporter);
    }
    String text = report.toString(UTF_8);
    assertThat(text).contains("[INSERT], Return=OK", "[READ], Return=OK", "[UPDATE], Return=OK",
        "[SCAN], Return=OK", "[READ-MODIFY-WRITE], Operations")
        .doesNotContain("Return=ERROR").doesNotContain("Return=NOT_FOUND");

    // Every record reads back with YCSB's ten 100-byte fields.
    StrataYcsbDb db = new StrataYcsbDb();
    db.setProperties(properties("a"));
    db.init();
    try {
      Db strata = StrataYcsbDb.sharedForTesting();
      List<String> keys = new ArrayList<>();
      try (DbIterator it = strata.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          String k = new String(it.key(), UTF_8);
          keys.add(k.substring(k.indexOf('\0') + 1));
        }
      }
      for (String key : keys) {
        Map<String, ByteIterator> fields = new HashMap<>();
        assertThat(db.read("usertable", key, null, fields)).isEqualTo(Status.OK);
        assertThat(fields).hasSize(10);
        assertThat(fields.get("field0").toArray()).hasSize(100);
      }
    } finally {
      db.cleanup();
    }
  }

  /** Runs YCSB's load ({@code transactions} false) or transactions of bundled workload. */
  private void runPhase(String letter, boolean transactions, int operations) throws Exception {
    Properties props = properties(letter);
    props.setProperty("operationcount", Integer.toString(operations));
    props.setProperty("dotransactions", Boolean.toString(transactions));
    Measurements.setProperties(props);
    CoreWorkload workload = new CoreWorkload();
    workload.init(props);
    Tracer tracer = new Tracer.Builder("YCSB " + letter).conf(HTraceConfiguration.EMPTY).build();
    int opcount = transactions ? operations : RECORDS;
    CountDownLatch done = new CountDownLatch(THREADS);
    List<ClientThread> clients = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      DB db = DBFactory.newDB(StrataYcsbDb.class.getName(), props, tracer);
      int share = opcount / THREADS + (i < opcount % THREADS ? 1 : 0);
      ClientThread client = new ClientThread(db, transactions, workload, props, share, -1, done);
      client.setThreadId(i);
      client.setThreadCount(THREADS);
      clients.add(client);
      Thread thread = new Thread(client, "ycsb-" + letter + "-" + i);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      t.join(120_000);
      assertThat(t.isAlive()).as("%s still running", t.getName()).isFalse();
    }
    workload.cleanup();
    int ops = clients.stream().mapToInt(ClientThread::getOpsDone).sum();
    assertThat(ops).as("workload %s operations", letter).isEqualTo(opcount);
    assertThat(StrataYcsbDb.sharedForTesting()).as("closed by the last cleanup").isNull();
  }

  private Properties properties(String letter) throws Exception {
    Properties props = new Properties();
    try (InputStream in = getClass().getResourceAsStream(
        "/io/strata/examples/experiment/workload/ycsb/workload" + letter)) {
      props.load(in);
    }
    props.setProperty("recordcount", Integer.toString(RECORDS));
    props.setProperty(StrataYcsbDb.DIR, dir.resolve("db").toString());
    props.setProperty(StrataYcsbDb.WRITE_BUFFER_SIZE, Integer.toString(64 << 10));
    props.setProperty(StrataYcsbDb.COMPACTION_STRATEGY, "tiered");
    return props;
  }

  /** Records in the database, opened for the count. */
  private int records() throws Exception {
    int n = 0;
    try (Db db = Strata.open(dir.resolve("db"), Options.defaults());
        DbIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        n++;
      }
    }
    return n;
  }
}
