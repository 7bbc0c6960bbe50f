package io.eventbank.auth.customer.infrastructure;

import io.eventbank.auth.customer.domain.CustomerAccounts;
import io.eventbank.auth.customer.domain.SignUpPolicy;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** Customers in the {@code customers} table; signing in looks the typed name up in its stored (lower-case) form. */
@Repository
public class JdbcCustomerAccounts implements CustomerAccounts, UserDetailsService {

    private final JdbcClient jdbc;

    public JdbcCustomerAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean create(String username, String passwordHash) {
        return jdbc.sql("""
                        insert into customers (username, password_hash) values (:username, :hash)
                        on conflict (username) do nothing
                        """)
                .param("username", username).param("hash", passwordHash).update() == 1;
    }

    @Override
    public void createOrReplace(String username, String passwordHash) {
        jdbc.sql("""
                        insert into customers (username, password_hash) values (:username, :hash)
                        on conflict (username) do update set password_hash = excluded.password_hash
                        """)
                .param("username", username).param("hash", passwordHash).update();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String name = SignUpPolicy.normalize(username);
        List<UserDetails> found = jdbc.sql("select username, password_hash, enabled from customers where username = :username")
                .param("username", name)
                .query((rs, row) -> User.withUsername(rs.getString("username"))
                        .password(rs.getString("password_hash"))
                        .disabled(!rs.getBoolean("enabled"))
                        .authorities(AuthorityUtils.createAuthorityList("ROLE_CUSTOMER"))
                        .build())
                .list();
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no customer " + name);
        }
        return found.getFirst();
    }
}
