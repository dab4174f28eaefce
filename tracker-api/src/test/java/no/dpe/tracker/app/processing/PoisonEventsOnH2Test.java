package no.dpe.tracker.app.processing;

/** {@link PoisonEventsTest} on the embedded default's H2. */
class PoisonEventsOnH2Test extends PoisonEventsTest {
}
