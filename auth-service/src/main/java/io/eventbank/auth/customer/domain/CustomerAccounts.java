package io.eventbank.auth.customer.domain;

/** Where customers' sign-in credentials are kept. */
public interface CustomerAccounts {

    /**
     * Creates the customer unless the (normalized) username is taken.
     *
     * @return {@code false} when a customer with this username exists; nothing is written then
     */
    boolean create(String username, String passwordHash);

    /** Creates the customer or sets their password. */
    void createOrReplace(String username, String passwordHash);
}
