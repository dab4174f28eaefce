package no.dpe.tracker.app.message;

/** {@link SendingUnderContentionTest} on the embedded default's H2. */
class SendingUnderContentionOnH2Test extends SendingUnderContentionTest {
}
