package io.dualmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.demo.LauncherArgs.ClusterCommand;
import io.dualmigrate.demo.LauncherArgs.DemoCommand;
import io.dualmigrate.demo.LauncherArgs.HelpCommand;
import io.dualmigrate.demo.LauncherArgs.ParityCommand;
import io.dualmigrate.demo.LauncherArgs.ReplicateCommand;
import io.dualmigrate.demo.LauncherArgs.ShadowCommand;
import io.dualmigrate.demo.LauncherArgs.SoakCommand;
import io.dualmigrate.demo.LauncherArgs.TeardownCommand;
import io.dualmigrate.demo.LauncherArgs.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LauncherArgsTest {

    @Test
    void demoHasDefaults() throws Exception {
        assertThat(LauncherArgs.parse("demo"))
                .isEqualTo(new DemoCommand(Duration.ofSeconds(60), 200));
    }

    @Test
    void demoTakesDurationAndRateInEitherForm() throws Exception {
        assertThat(LauncherArgs.parse("demo", "--duration", "30s", "--rate=50"))
                .isEqualTo(new DemoCommand(Duration.ofSeconds(30), 50));
        assertThat(LauncherArgs.parse("demo", "--duration=2m"))
                .isEqualTo(new DemoCommand(Duration.ofMinutes(2), 200));
    }

    @Test
    void aBareDurationMeansSeconds() throws Exception {
        assertThat(LauncherArgs.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LauncherArgs.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LauncherArgs.duration("1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void replicateNeedsAConfigFile() throws Exception {
        assertThat(LauncherArgs.parse("replicate", "--config", "conf/m.yaml"))
                .isEqualTo(new ReplicateCommand(Path.of("conf/m.yaml")));
        assertThatThrownBy(() -> LauncherArgs.parse("replicate"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--config FILE");
        assertThatThrownBy(() -> LauncherArgs.parse("replicate", "--config"))
                .hasMessage("--config needs a value");
    }

    @Test
    void helpTakesNoArguments() throws Exception {
        assertThat(LauncherArgs.parse("help")).isEqualTo(new HelpCommand());
        assertThat(LauncherArgs.parse("--help")).isEqualTo(new HelpCommand());
        assertThatThrownBy(() -> LauncherArgs.parse("help", "demo"))
                .isInstanceOf(UsageException.class);
    }

    @Test
    void rejectsWhatTheUsageDoesNotList() {
        assertThatThrownBy(LauncherArgs::parse).hasMessage("no command given");
        assertThatThrownBy(() -> LauncherArgs.parse("migrate"))
                .hasMessage("unknown command 'migrate'");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--duratoin", "5s"))
                .hasMessage("unknown option '--duratoin' for demo");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--config", "x.yaml"))
                .hasMessage("unknown option '--config' for demo");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "fast"))
                .hasMessage("unexpected argument 'fast' for demo");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--rate", "5", "--rate", "6"))
                .hasMessage("--rate is given twice");
    }

    @Test
    void rejectsValuesOutOfRange() {
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--rate", "0"))
                .hasMessage("--rate must be between 1 and 5000");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--rate", "lots"))
                .hasMessage("--rate 'lots' is not a whole number");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--duration", "soon"))
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--duration", "10ms"))
                .hasMessage("--duration must be at least 1s");
        assertThatThrownBy(() -> LauncherArgs.parse("demo", "--duration", "--rate", "5"))
                .hasMessage("--duration needs a value");
    }

    @Test
    void teardownNeedsAConfigFile() throws Exception {
        assertThat(LauncherArgs.parse("teardown", "--config=conf/m.yaml"))
                .isEqualTo(new TeardownCommand(Path.of("conf/m.yaml")));
        assertThatThrownBy(() -> LauncherArgs.parse("teardown"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--config FILE");
    }

    @Test
    void parityTakesAConfigFileAndAnOptionalRepair() throws Exception {
        assertThat(LauncherArgs.parse("parity", "--config", "m.yaml"))
                .isEqualTo(new ParityCommand(Path.of("m.yaml"), false));
        assertThat(LauncherArgs.parse("parity", "--repair", "--config=m.yaml"))
                .isEqualTo(new ParityCommand(Path.of("m.yaml"), true));
        assertThatThrownBy(() -> LauncherArgs.parse("parity", "--repair"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--config FILE");
        assertThatThrownBy(
                        () -> LauncherArgs.parse("parity", "--config", "m", "--repair", "--repair"))
                .hasMessage("--repair is given twice");
        assertThatThrownBy(() -> LauncherArgs.parse("parity", "--config", "m", "--fix"))
                .hasMessageContaining("unknown option '--fix'");
    }

    @Test
    void shadowNeedsAConfigFile() throws Exception {
        assertThat(LauncherArgs.parse("shadow", "--config", "conf/examples/shadow.yaml"))
                .isEqualTo(new ShadowCommand(Path.of("conf/examples/shadow.yaml")));
        assertThatThrownBy(() -> LauncherArgs.parse("shadow"))
                .isInstanceOf(UsageException.class)
                .hasMessage("shadow needs --config FILE");
        assertThatThrownBy(() -> LauncherArgs.parse("shadow", "--config", "a.yaml", "--rate", "1"))
                .hasMessage("unknown option '--rate' for shadow");
    }

    @Test
    void usageTextListsEveryCommand() {
        assertThat(Launcher.usage())
                .contains(
                        "demo [--duration",
                        "replicate --config",
                        "shadow --config",
                        "teardown --config",
                        "parity --config FILE [--repair]",
                        "bench replication",
                        "soak [--duration",
                        "cluster start",
                        "cluster submit --config",
                        "bench parity",
                        "bench shadow",
                        "help");
    }

    @Test
    void soakHasDefaultsAndChecksItsDurations() throws Exception {
        assertThat(LauncherArgs.parse("soak"))
                .isEqualTo(new SoakCommand(Duration.ofMinutes(10), 200, Duration.ofSeconds(60)));
        assertThat(LauncherArgs.parse("soak", "--duration", "2m", "--kill-every=20s"))
                .isEqualTo(new SoakCommand(Duration.ofMinutes(2), 200, Duration.ofSeconds(20)));
        assertThatThrownBy(() -> LauncherArgs.parse("soak", "--kill-every", "often"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--kill-every 'often' is not a duration");
    }

    @Test
    void clusterTakesAnActionAndItsOwnFlags() throws Exception {
        ClusterCommand submit =
                (ClusterCommand)
                        LauncherArgs.parse(
                                "cluster", "submit", "--config", "m.yaml", "--parallelism", "3");
        assertThat(submit.action()).isEqualTo("submit");
        assertThat(submit.config()).isEqualTo(Path.of("m.yaml"));
        assertThat(submit.parallelism()).isEqualTo(3);
        assertThat(submit.dir()).isEqualTo(Path.of("target", "cluster"));
        assertThat(
                        ((ClusterCommand)
                                        LauncherArgs.parse(
                                                "cluster", "start", "--taskmanagers", "3"))
                                .taskManagers())
                .isEqualTo(3);
        assertThatThrownBy(() -> LauncherArgs.parse("cluster"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("cluster needs an action");
        assertThatThrownBy(() -> LauncherArgs.parse("cluster", "submit"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--config FILE");
        assertThatThrownBy(() -> LauncherArgs.parse("cluster", "start", "--config", "m.yaml"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown option '--config' for cluster start");
        assertThatThrownBy(() -> LauncherArgs.parse("cluster", "reboot"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown cluster action 'reboot'");
    }
}
