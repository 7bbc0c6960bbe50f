package io.eventbank.auth.authorization.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyFileTest {

    @TempDir
    Path directory;

    @Test
    void generatesAnOwnerOnlyKeyOnFirstStartAndKeepsIt() throws Exception {
        Path file = directory.resolve("keys").resolve("signing-key.json");

        RSAKey first = SigningKeyFile.loadOrCreate(file);
        RSAKey second = SigningKeyFile.loadOrCreate(file);

        assertThat(first.isPrivate()).isTrue();
        assertThat(first.size()).isEqualTo(2048);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(second.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(second.toRSAPrivateKey()).isEqualTo(first.toRSAPrivateKey());
        try (var left = Files.list(file.getParent())) {
            assertThat(left).containsExactly(file);
        }
    }

    @Test
    void refusesAFileWithoutAPrivateKey() throws Exception {
        Path file = directory.resolve("public.json");
        Files.writeString(file, SigningKeyFile.loadOrCreate(directory.resolve("k.json")).toPublicJWK().toJSONString());
        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file)).hasMessageContaining("holds no private key");
    }

    @Test
    void refusesAFileThatIsNotAJwk() throws Exception {
        Path file = directory.resolve("garbage.json");
        Files.writeString(file, "not a key");
        assertThatThrownBy(() -> SigningKeyFile.loadOrCreate(file)).hasMessageContaining("is not an RSA JWK");
    }
}
