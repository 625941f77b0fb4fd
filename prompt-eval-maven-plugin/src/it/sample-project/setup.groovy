import java.nio.file.Files
import java.nio.file.Path

// A fresh copy of the sample project without build outputs, so that the test runs what a fresh clone has.
Path source = new File(sampleProjectDirectory).canonicalFile.toPath()
Path copy = new File(basedir, 'sample').toPath()
assert Files.isRegularFile(source.resolve('pom.xml'))
copy.toFile().deleteDir()
Files.walk(source).withCloseable { paths ->
    paths.filter { !source.relativize(it).toString().startsWith('target') }.each { from ->
        Path to = copy.resolve(source.relativize(from).toString())
        if (Files.isDirectory(from)) Files.createDirectories(to) else Files.copy(from, to)
    }
}
true  // a hook script passes by returning true (or nothing)
