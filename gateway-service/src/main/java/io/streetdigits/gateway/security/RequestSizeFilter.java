package io.streetdigits.gateway.security;

import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.Problem;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The HTTP body limit is sized for batch uploads; multipart bodies stream to disk, but every other body is held in
 * memory, so its size is checked from Content-Length before it is read: over the image limit is 413, no length
 * at all is 411. Multipart parts are checked from their size on disk by the resources.
 */
public class RequestSizeFilter {

    /** Room for multipart framing and a KServe JSON envelope around a maximal image. */
    private static final long ENVELOPE = 64 * 1024;

    @Inject
    GatewayConfig config;

    @ServerRequestFilter(preMatching = true)
    public Response checkLength(ContainerRequestContext request) {
        String method = request.getMethod();
        String path = request.getUriInfo().getPath();
        String contentType = request.getHeaderString("Content-Type");
        if (!(HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method)) || path.startsWith("/api/v1/batches")
                || (contentType != null && contentType.toLowerCase().startsWith("multipart/"))) {
            return null;
        }
        long limit = config.image().maxBytes() * 4 / 3 + ENVELOPE; // a KServe body carries the image in base64
        long length = request.getLength();
        if (length < 0) {
            return problem(Response.Status.LENGTH_REQUIRED, "length-required", path,
                    "send Content-Length: bodies of at most " + limit + " bytes are accepted here");
        }
        if (length > limit) {
            return problem(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large", path, String.format(
                    "the request body is %,d bytes; the limit is %,d bytes", length, limit));
        }
        return null;
    }

    private static Response problem(Response.Status status, String type, String path, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(new Problem("/problems/" + type, status.getReasonPhrase(), status.getStatusCode(), detail,
                        path))
                .build();
    }
}
