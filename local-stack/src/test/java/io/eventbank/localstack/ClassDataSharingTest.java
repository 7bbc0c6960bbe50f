package io.eventbank.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void givesAJarRunByThisJvmsJavaAnAutoCreatedArchive(@TempDir Path dir) {
        Path archive = dir.resolve("cds").resolve("svc.jsa");
        List<String> command = ChildService.withClassDataSharing(List.of(JAVA, "-Xmx1g", "-jar", "svc.jar"), archive);
        assertThat(command).containsExactly(JAVA, "-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive",
                "-Xmx1g", "-jar", "svc.jar");
        assertThat(archive.getParent()).isDirectory();
    }

    @Test
    void leavesOtherCommandsAndOwnSharingChoicesAlone(@TempDir Path dir) {
        Path archive = dir.resolve("svc.jsa");
        List<String> otherJava = List.of("/opt/other/bin/java", "-jar", "svc.jar");
        List<String> ownChoice = List.of(JAVA, "-Xshare:off", "-jar", "svc.jar");
        List<String> aotCache = List.of(JAVA, "-XX:AOTCache=app.aot", "-jar", "svc.jar");
        List<String> noJar = List.of(JAVA, "-cp", "classes", "Main");
        for (List<String> command : List.of(otherJava, ownChoice, aotCache, noJar)) {
            assertThat(ChildService.withClassDataSharing(command, archive)).isEqualTo(command);
        }
    }
}
