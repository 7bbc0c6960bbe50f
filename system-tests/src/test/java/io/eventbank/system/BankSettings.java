package io.eventbank.system;

import java.time.Duration;

/**
 * Sizes of the bank-invariant run, from system properties ({@code -Dbank.transfers=...}).
 *
 * @param transfers        transfers to issue at least (the load also runs until every fault is done)
 * @param accounts         ordinary accounts with random initial balances
 * @param clients          concurrent client threads
 * @param rate             transfers started per second over all clients; 0 = as fast as the clients go
 * @param duplicateShare   share of transfers posted a second time with the same Idempotency-Key
 * @param closableShare    share of transfers touching the accounts that get closed
 * @param redeliverPerPartition records re-produced from the end of each partition of both topics
 * @param terminalWithin   every transfer must be terminal this long after the last fault healed
 *                         (and after the last transfer was accepted)
 * @param faults           whether to inject faults at all
 * @param seed             random seed (printed, to reproduce a run's choices)
 * @param instances        processes of each API (accounts-service, transfers-service, account-view-service)
 */
record BankSettings(int transfers, int accounts, int clients, double rate, double duplicateShare,
                    double closableShare, int redeliverPerPartition, Duration terminalWithin, boolean faults,
                    long seed, int instances) {

    static BankSettings fromSystemProperties() {
        return new BankSettings(
                Integer.getInteger("bank.transfers", 600),
                Integer.getInteger("bank.accounts", 20),
                Integer.getInteger("bank.clients", 16),
                Double.parseDouble(System.getProperty("bank.rate", "8")),
                Double.parseDouble(System.getProperty("bank.duplicateShare", "0.1")),
                Double.parseDouble(System.getProperty("bank.closableShare", "0.08")),
                Integer.getInteger("bank.redeliverPerPartition", 25),
                Duration.ofSeconds(Long.getLong("bank.terminalWithinSeconds", 30)),
                Boolean.parseBoolean(System.getProperty("bank.faults", "true")),
                Long.getLong("bank.seed", System.nanoTime()),
                Integer.getInteger("bank.instances", 2));
    }
}
