package io.eventbank.auth.customer.application;

import io.eventbank.auth.customer.domain.CustomerAccounts;
import io.eventbank.auth.customer.domain.SignUpPolicy;
import io.eventbank.auth.customer.domain.Violation;
import java.util.List;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Creates customers that keep to {@link SignUpPolicy}, their passwords hashed by the delegating encoder. */
@Service
public class SignUpService {

    private final CustomerAccounts customers;
    private final PasswordEncoder passwordEncoder;

    public SignUpService(CustomerAccounts customers, PasswordEncoder passwordEncoder) {
        this.customers = customers;
        this.passwordEncoder = passwordEncoder;
    }

    public SignUpResult signUp(String username, String password) {
        List<Violation> violations = SignUpPolicy.check(username, password);
        if (!violations.isEmpty()) {
            return new SignUpResult.Rejected(violations);
        }
        String name = SignUpPolicy.normalize(username);
        return customers.create(name, passwordEncoder.encode(password))
                ? new SignUpResult.SignedUp(name)
                : new SignUpResult.UsernameTaken(name);
    }

    /** A demo customer from the configuration: created, or given this password if it exists. */
    public void ensureDemoCustomer(String username, String password) {
        List<Violation> violations = SignUpPolicy.check(username, password);
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("demo customer " + username + ": " + violations.getFirst().message());
        }
        customers.createOrReplace(SignUpPolicy.normalize(username), passwordEncoder.encode(password));
    }
}
