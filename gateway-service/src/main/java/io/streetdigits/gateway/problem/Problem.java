package io.streetdigits.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error response body as RFC 9457 defines it ({@code application/problem+json}).
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary of the kind
 * @param status   the HTTP status
 * @param detail   what went wrong with this request, naming the input and the limit
 * @param instance the request path
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
