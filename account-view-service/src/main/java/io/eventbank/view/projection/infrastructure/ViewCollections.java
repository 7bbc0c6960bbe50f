package io.eventbank.view.projection.infrastructure;

/**
 * Collection names of one generation of the views. Generation 0 uses the plain names; a rebuild
 * fills generation n + 1 ({@code accounts_g<n+1>}, ...) and then switches to it.
 */
public record ViewCollections(long generation) {

    public ViewCollections {
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0");
        }
    }

    public String accounts() {
        return name("accounts");
    }

    public String accountChanges() {
        return name("account_changes");
    }

    public String transfers() {
        return name("transfers");
    }

    private String name(String base) {
        return generation == 0 ? base : base + "_g" + generation;
    }
}
