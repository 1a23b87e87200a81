package jasyncio.maven;

import jasyncio.instrument.OfflineInstrumenter;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What both goals do: rewrite one directory of class files in place with {@link OfflineInstrumenter}, reading
 * the classes they refer to from the build's class path; warn of every forgotten await, fail the build with every
 * refusal (class, method, line), and end with the one-line summary.
 */
abstract class RewriteMojo extends AbstractMojo {
    /** Leaves the classes as javac wrote them (they then need the agent at run time). */
    @Parameter(property = "jasyncio.skip", defaultValue = "false")
    private boolean skip;

    /** The directory of class files to rewrite. */
    abstract File classesDirectory();

    /** The class path the classes were compiled against (it includes the directory itself). */
    abstract List<String> classPath();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        Path classes = classesDirectory().toPath();
        if (skip || !Files.isDirectory(classes)) {
            getLog().info("jasyncio: nothing to rewrite in " + classes + (skip ? " (skipped)" : ""));
            return;
        }
        OfflineInstrumenter.Report report;
        try {
            report = OfflineInstrumenter.instrument(classes, classPath().stream().map(Path::of).toList());
        } catch (IOException e) {
            throw new MojoExecutionException("jasyncio: cannot rewrite " + classes + ": " + e, e);
        }
        report.warnings().forEach(getLog()::warn);
        if (report.failed()) {
            throw new MojoFailureException(String.join(System.lineSeparator(), report.problems())
                    + System.lineSeparator() + report.summary() + "; the classes above were left as javac wrote them");
        }
        getLog().info(report.summary());
    }
}
