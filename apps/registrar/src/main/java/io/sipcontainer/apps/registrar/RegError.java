package io.sipcontainer.apps.registrar;

/**
 * Why a REGISTER was refused: Kamailio's registrar error numbers with their reply code and the
 * text it puts in {@code P-Registrar-Error}.
 */
enum RegError {
    INV_CSEQ(400, "Invalid CSeq number"),
    TO_USER(400, "No username in To URI"),
    AOR_PARSE(400, "Error while parsing AOR"),
    INV_Q(400, "Invalid q param in contact"),
    PARSE(400, "Message parse error"),
    TO_MISS(400, "To header not found"),
    CID_MISS(400, "Call-ID header not found"),
    CS_MISS(400, "CSeq header not found"),
    PARSE_CONT(400, "Contact parse error"),
    STAR_EXP(400, "* used in contact and expires is not zero"),
    STAR_CONT(400, "* used in contact and more than 1 contact"),
    TOO_MANY(503, "Too many registered contacts"),
    CONTACT_LEN(400, "Contact/received too long"),
    CALLID_LEN(400, "Callid too long"),
    PARSE_PATH(400, "Path parse error"),
    PATH_UNSUP(420, "No support for found Path indicated"),
    OB_UNSUP(421, "No support for Outbound indicated"),
    OB_REQD(420, "No support for Outbound on server"),
    OB_UNSUP_EDGE(439, "No support for Outbound on edge proxy"),
    INV_REGID(400, "Invalid Reg-Id number"),
    LOW_EXP(423, "Interval too brief"),
    UL_ERROR(500, "usrloc_contact_insert failed");

    final int code;
    final String info;

    RegError(int code, String info) {
        this.code = code;
        this.info = info;
    }

    /** Kamailio's reason phrase for each registrar reply code. */
    String reason() {
        return switch (code) {
            case 400 -> "Bad Request";
            case 420 -> "Bad Extension";
            case 421 -> "Extension Required";
            case 423 -> "Interval Too Brief";
            case 439 -> "First Hop Lacks Outbound Support";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "OK";
        };
    }
}
