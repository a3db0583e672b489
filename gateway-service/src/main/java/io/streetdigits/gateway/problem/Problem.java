package io.streetdigits.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
@Schema(name = "Problem", description = "An error response body (RFC 9457)")
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
