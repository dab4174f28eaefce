package no.dpe.tracker.core.api;

/**
 * Who signed a received package (its ASiC-E's CAdES signature), as the signing certificate names them: auditors see
 * which enterprise certificate vouched for the files years later.
 *
 * @param subject            the certificate's subject, every attribute named (C=NO,O=…,OrganizationIdentifier=…)
 * @param organisationNumber the organisation number in the subject (organizationIdentifier NTRNO-…, or
 *                           serialNumber), null when it names none
 * @param serialNumber       the certificate's serial number, hexadecimal
 * @param issuer             the certificate's issuer, written the same way
 */
public record PackageSigner(String subject, String organisationNumber, String serialNumber, String issuer) {
}
