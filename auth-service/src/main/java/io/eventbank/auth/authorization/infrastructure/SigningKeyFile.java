package io.eventbank.auth.authorization.infrastructure;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

/**
 * The RS256 signing key, kept as a JWK (private parts included) in one file. The first start
 * generates it and writes it readable by the owner only; every later start reads the same key, so
 * tokens issued before a restart stay valid.
 */
final class SigningKeyFile {

    private SigningKeyFile() {
    }

    static RSAKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing key file " + file, e);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    private static RSAKey read(Path file) throws IOException {
        try {
            RSAKey key = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate()) {
                throw new IllegalStateException("the signing key file " + file + " holds no private key");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("the signing key file " + file + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }
}
