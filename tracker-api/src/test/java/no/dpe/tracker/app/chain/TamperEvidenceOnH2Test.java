package no.dpe.tracker.app.chain;

/** {@link TamperEvidenceTest} on the embedded default's H2. */
class TamperEvidenceOnH2Test extends TamperEvidenceTest {
}
