package io.streetdigits.gateway.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error of the API as {@code application/problem+json}, the framework's own (404, 415, ...) included. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem, UriInfo uri) {
        return response(problem.status(), "/problems/" + problem.type(), problem.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, UriInfo uri) {
        Response.StatusType status = exception.getResponse().getStatusInfo();
        return response(status, "about:blank", exception.getMessage(), uri);
    }

    private static Response response(Response.StatusType status, String type, String detail, UriInfo uri) {
        Problem body = new Problem(type, status.getReasonPhrase(), status.getStatusCode(), detail,
                uri == null ? null : uri.getRequestUri().getPath());
        Response.ResponseBuilder response = Response.status(status.getStatusCode()).type(Problem.MEDIA_TYPE)
                .entity(body);
        if (status.getStatusCode() == 429 || status.getStatusCode() == 503) {
            response.header("Retry-After", ApiProblem.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
