package io.eventbank.view.rebuild.web;

import io.eventbank.support.web.ProblemException;
import io.eventbank.support.web.Problems;
import io.eventbank.view.rebuild.application.RebuildService;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin/rebuild")
public class RebuildController {

    private final RebuildService rebuilds;

    public RebuildController(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    @Operation(summary = "Rebuild every view from the topics into fresh collections, then switch to them",
            description = "202 with the rebuild's id; follow GET /admin/rebuild/{id}. 409 while one runs.")
    @PostMapping
    public ResponseEntity<Object> start() {
        return rebuilds.start()
                .<ResponseEntity<Object>>map(status -> ResponseEntity.accepted()
                        .location(URI.create("/admin/rebuild/" + status.rebuildId())).body(status))
                .orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "rebuild-in-progress",
                        "A rebuild is running already", List.of()));
    }

    @Operation(summary = "Progress of a rebuild: state, events processed, rate")
    @GetMapping("/{rebuildId}")
    public ResponseEntity<Object> status(@PathVariable String rebuildId) {
        return rebuilds.status(rebuildId).<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseThrow(() -> ProblemException.ofField(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "rebuildId",
                        "rebuild " + rebuildId + " is not known"));
    }
}
