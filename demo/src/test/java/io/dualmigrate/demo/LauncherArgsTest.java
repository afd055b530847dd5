package io.dualmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dualmigrate.demo.LauncherArgs.DemoCommand;
import io.dualmigrate.demo.LauncherArgs.HelpCommand;
import io.dualmigrate.demo.LauncherArgs.ReplicateCommand;
import io.dualmigrate.demo.LauncherArgs.ShadowCommand;
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
                        "bench replication",
                        "bench shadow",
                        "help");
    }
}
