package io.streetdigits.gateway.web;

import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;

/**
 * The model comparison the web page charts, once `./streetdigits compare` has made one. Public, like the page and
 * the committed docs/model-comparison.json it serves: it needs no API key (ApiKeyFilter).
 */
@Path(ModelComparisonResource.PATH)
public class ModelComparisonResource {

    public static final String PATH = "/api/v1/model-comparison";

    @Inject
    GatewayConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response comparison() {
        return config.gateway().modelComparisonFile().filter(Files::isRegularFile)
                .map(file -> Response.ok(file.toFile()).build())
                .orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "no-comparison",
                        "no model comparison has been made yet"));
    }
}
