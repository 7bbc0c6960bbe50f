package io.eventbank.view.projection.application;

/**
 * The generations of the views and which one is current. The current generation survives a restart;
 * a rebuild reserves a new one, fills it and then makes it current.
 */
public interface ViewGenerations {

    /** The generation reads and the live projection use (0 before any rebuild). */
    long current();

    /** The highest generation ever reserved or made current. */
    long highest();

    /** Records {@code generation} as taken, so that no later rebuild picks it again. */
    void reserve(long generation);

    /** Makes {@code generation} the current one, for this instance after a restart too. */
    void makeCurrent(long generation);

    /** The documents of {@code generation}; nothing is created or read by this call. */
    ViewStore store(long generation);
}
