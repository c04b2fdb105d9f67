package io.meterbridge.dlms;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import io.meterbridge.settings.Beans;
import io.meterbridge.settings.Settings;

/** The encrypted-P1 decryptor ("decryptP1"), with its keys from the environment or a secret file. */
public class DlmsConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        P1Decryptor decryptor = new P1Decryptor();
        settings.optional("p1.secret-key").ifPresent(decryptor::setSecretKey);
        settings.optional("p1.secret-key-file").ifPresent(file -> {
            try {
                decryptor.setSecretKeyFile(file);
            } catch (IOException e) {
                throw new UncheckedIOException("p1.secret-key-file " + file + " cannot be read: " + e.getMessage(), e);
            }
        });
        decryptor.setAuthKey(settings.text("p1.auth-key"));
        settings.optional("p1.keys-file").ifPresent(decryptor::setKeysFile);
        decryptor.setProvider(settings.choice("p1.provider", "jdk", "bouncycastle"));
        decryptor.setRejectReplays(settings.flag("p1.reject-replays"));
        decryptor.setCounterFile(settings.text("p1.counter-file"));
        decryptor.setAcceptUnauthenticated(settings.flag("p1.accept-unauthenticated"));
        Beans.bind(context, "decryptP1", decryptor);
    }
}
