package dev.prompteval.maven;

import org.apache.maven.project.MavenProject;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * A real {@link MavenProject} for {@code @MojoTest}s (the harness's default is a mock whose build directories are
 * null): its folder is a test resource, its build directory a temporary folder, so that {@code ${project.*}}
 * defaults evaluate as in a build and outputs never land in the resources.
 */
final class TestProject {
    private TestProject() {
    }

    /**
     * @param resource the project folder on the test classpath, e.g. {@code /unit/greeting}
     * @param target   the build directory ({@code ${project.build.directory}})
     */
    static MavenProject of(String resource, Path target) {
        File basedir;
        try {
            basedir = new File(TestProject.class.getResource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(resource, e);
        }
        MavenProject project = new MavenProject();
        project.setFile(new File(basedir, "pom.xml"));
        project.getBuild().setDirectory(target.toString());
        project.getBuild().setOutputDirectory(target.resolve("classes").toString());
        project.getBuild().setTestOutputDirectory(target.resolve("test-classes").toString());
        return project;
    }
}
