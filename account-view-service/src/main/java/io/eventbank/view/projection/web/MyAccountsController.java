package io.eventbank.view.projection.web;

import io.eventbank.support.security.Caller;
import io.eventbank.view.projection.application.ViewQueries;
import io.eventbank.view.projection.web.AccountViewController.AccountSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own accounts: the join the event store cannot do. Nobody lists anybody else's. */
@RestController
public class MyAccountsController {

    private final ViewQueries queries;

    public MyAccountsController(ViewQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "The caller's accounts (the token's subject is the owner), by opening time, then id")
    @GetMapping("/me/accounts")
    public List<AccountSummary> myAccounts(@Parameter(hidden = true) Caller caller) {
        return queries.accountsOf(caller.id()).stream().map(AccountSummary::of).toList();
    }
}
