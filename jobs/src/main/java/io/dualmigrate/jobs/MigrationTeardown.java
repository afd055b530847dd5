package io.dualmigrate.jobs;

import io.dualmigrate.config.ConfigException;
import io.dualmigrate.config.MigrationConfigLoader;
import io.dualmigrate.schema.Teardown;
import java.nio.file.Path;
import org.apache.flink.api.java.utils.ParameterTool;

/**
 * Drops a finished migration's replication slots and publication on OLD, where no launcher is at
 * hand (a Kubernetes Job with the dualmigrate image, see k8s-operator/README.md):
 *
 * <pre>
 * java -cp dualmigrate-jobs-job.jar:$FLINK_HOME/lib/* io.dualmigrate.jobs.MigrationTeardown \
 *     --config migration.yaml
 * </pre>
 *
 * Refuses while the replication job still holds a slot; exits with 2 on a configuration error, 1 on
 * any other failure.
 */
public final class MigrationTeardown {

    private MigrationTeardown() {}

    public static void main(String[] args) {
        try {
            Path config = Path.of(ParameterTool.fromArgs(args).getRequired("config"));
            System.out.println(new Teardown(MigrationConfigLoader.load(config)).run().describe());
        } catch (ConfigException e) {
            System.err.println("dualmigrate teardown: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            System.err.println("dualmigrate teardown failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
