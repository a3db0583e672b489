package io.streetdigits.gateway.problem;

import jakarta.ws.rs.core.Response;

/** A request the gateway refuses, with the status and a detail that names the input and the limit. */
public class ApiProblem extends RuntimeException {

    /** Seconds a client should wait before retrying a 429 or 503. */
    public static final int RETRY_AFTER_SECONDS = 1;

    private final Response.StatusType status;
    private final String type;

    public ApiProblem(Response.StatusType status, String type, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
    }

    public ApiProblem(Response.StatusType status, String type, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
    }

    public Response.StatusType status() {
        return status;
    }

    /** A short kebab-case name; the problem's type URI is {@code /problems/<type>}. */
    public String type() {
        return type;
    }
}
