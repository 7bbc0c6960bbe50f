package io.eventbank.web.banking.web;

import io.eventbank.web.WebProperties;
import io.eventbank.web.banking.application.AccountDetail;
import io.eventbank.web.banking.application.AccountSummary;
import io.eventbank.web.banking.application.ApiProblem;
import io.eventbank.web.banking.application.BankApi;
import io.eventbank.web.banking.application.TransferOrder;
import io.eventbank.web.banking.application.TransferProgress;
import io.eventbank.web.banking.application.Versioned;
import io.eventbank.web.banking.web.Forms.TransferForm;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The transfer form (one {@code Idempotency-Key} per rendered form, so resubmitting it never pays twice) and
 * the transfer's live progress: each progress request waits at the view for the transfer's next version
 * ({@code minVersion}), and once the transfer is terminal the balances shown are read at the versions the
 * accounts' event store holds, so they include the transfer.
 */
@Controller
class TransferPagesController {

    private final BankApi bank;
    private final WebProperties properties;

    TransferPagesController(BankApi bank, WebProperties properties) {
        this.bank = bank;
        this.properties = properties;
    }

    @GetMapping("/transfers/new")
    String form(@RequestParam(required = false) String from, Model model) {
        model.addAttribute("transfer", new TransferForm(from, "", "", "", newKey()));
        return formPage(model);
    }

    @PostMapping("/transfers")
    String submit(@Valid @ModelAttribute("transfer") TransferForm form, BindingResult binding, Model model,
            HttpServletResponse response) {
        if (!binding.hasErrors()) {
            try {
                Versioned created = bank.transfer(new TransferOrder(form.fromAccountId().strip(),
                        form.toAccountId().strip(), form.amount().strip(),
                        form.description() == null ? "" : form.description().strip()), form.idempotencyKey());
                return "redirect:/transfers/" + created.id() + "?version=" + created.version();
            } catch (ApiProblem problem) {
                if (problem.status() >= 500) {
                    throw problem;
                }
                model.addAttribute("message", ProblemMessages.onto(problem, binding));
                response.setStatus(problem.status());
                // nothing was written: the corrected form is a new submission
                model.addAttribute("nextKey", newKey());
                return formPage(model);
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        // nothing was sent: the same key still stands for this form, unless it came without one
        model.addAttribute("nextKey", form.idempotencyKey() == null || form.idempotencyKey().isBlank()
                ? newKey() : form.idempotencyKey());
        return formPage(model);
    }

    @GetMapping("/transfers/{transferId}")
    String transfer(@PathVariable String transferId, @RequestParam(defaultValue = "1") int version, Model model) {
        Optional<TransferProgress> shown = bank.transfer(transferId, Math.max(version, 1), properties.viewWait())
                .or(() -> current(transferId));
        if (shown.isEmpty()) {
            bank.storedTransferVersion(transferId); // unknown, or another customer's: 404 as for anything absent
        }
        return progress(transferId, shown, model, "transfer");
    }

    /** htmx long poll: answers when the transfer moves past {@code after}, or after the wait with the same state. */
    @GetMapping("/transfers/{transferId}/progress")
    String next(@PathVariable String transferId, @RequestParam int after, Model model) {
        Optional<TransferProgress> moved = bank.transfer(transferId, after + 1, properties.progressWait());
        return progress(transferId, moved.or(() -> current(transferId)), model, "transfer :: progress");
    }

    /** The transfer as the view shows it now; empty while the view has not seen it (a 404 of the view, briefly). */
    private Optional<TransferProgress> current(String transferId) {
        try {
            return bank.transfer(transferId, 0, Duration.ZERO);
        } catch (ApiProblem problem) {
            if (problem.notFound()) {
                return Optional.empty();
            }
            throw problem;
        }
    }

    private String progress(String transferId, Optional<TransferProgress> progress, Model model, String view) {
        model.addAttribute("transferId", transferId);
        model.addAttribute("progress", progress.orElse(null));
        model.addAttribute("shownVersion", progress.map(TransferProgress::version).orElse(0));
        if (progress.isPresent() && progress.get().terminal()) {
            model.addAttribute("balances", balancesIncluding(progress.get()));
        }
        return view;
    }

    /** The customer's accounts of the transfer, read at (at least) the version their event store holds now. */
    private List<AccountDetail> balancesIncluding(TransferProgress progress) {
        List<AccountDetail> balances = new ArrayList<>();
        for (String accountId : new LinkedHashSet<>(List.of(progress.fromAccountId(), progress.toAccountId()))) {
            try {
                balances.add(bank.account(accountId, bank.storedVersion(accountId)));
            } catch (ApiProblem problem) {
                if (!problem.notFound()) {
                    throw problem;
                }
                // another customer's account: not shown, as to anybody but its owner
            }
        }
        return balances;
    }

    private String formPage(Model model) {
        model.addAttribute("accounts", bank.myAccounts().stream().filter(AccountSummary::open).toList());
        return "transfer-form";
    }

    private static String newKey() {
        return UUID.randomUUID().toString();
    }
}
