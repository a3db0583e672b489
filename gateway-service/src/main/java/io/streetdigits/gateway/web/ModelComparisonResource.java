package io.streetdigits.gateway.web;

import io.streetdigits.gateway.GatewayConfig;
import io.streetdigits.gateway.OpenApiDocument;
import io.streetdigits.gateway.problem.ApiProblem;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

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
    @APIResponse(responseCode = "200", description = "docs/model-comparison.json as ./streetdigits compare wrote"
            + " it: when and where it was measured, and each model's accuracy, parameters, operations and speed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "404", description = "no comparison has been made", ref = OpenApiDocument.PROBLEM)
    public Response comparison() {
        return config.gateway().modelComparisonFile().filter(Files::isRegularFile)
                .map(file -> Response.ok(file.toFile()).build())
                .orElseThrow(() -> new ApiProblem(Response.Status.NOT_FOUND, "no-comparison",
                        "no model comparison has been made yet"));
    }
}
