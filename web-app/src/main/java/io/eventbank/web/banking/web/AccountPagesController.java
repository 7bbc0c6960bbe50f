package io.eventbank.web.banking.web;

import io.eventbank.web.banking.application.AccountDetail;
import io.eventbank.web.banking.application.AccountSummary;
import io.eventbank.web.banking.application.ApiProblem;
import io.eventbank.web.banking.application.BankApi;
import io.eventbank.web.banking.application.Versioned;
import io.eventbank.web.banking.web.Forms.OpenAccountForm;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** My accounts with their total, opening and closing one, and an account's changes and audit log. */
@Controller
class AccountPagesController {

    static final int HISTORY_PAGE_SIZE = 20;
    static final int AUDIT_PAGE_SIZE = 50;

    private final BankApi bank;

    AccountPagesController(BankApi bank) {
        this.bank = bank;
    }

    @GetMapping("/accounts")
    String accounts(Model model) {
        if (!model.containsAttribute("openForm")) {
            model.addAttribute("openForm", new OpenAccountForm(""));
        }
        List<AccountSummary> accounts = bank.myAccounts();
        model.addAttribute("accounts", accounts);
        model.addAttribute("total", accounts.stream().map(AccountSummary::balance).reduce(BigDecimal.ZERO, BigDecimal::add));
        return "accounts";
    }

    @PostMapping("/accounts")
    String open(@Valid @ModelAttribute("openForm") OpenAccountForm form, BindingResult binding, Model model,
            HttpServletResponse response) {
        if (!binding.hasErrors()) {
            try {
                Versioned opened = bank.openAccount(form.title().strip());
                return "redirect:/accounts/" + opened.id() + "?version=" + opened.version();
            } catch (ApiProblem problem) {
                if (problem.status() >= 500) {
                    throw problem;
                }
                model.addAttribute("message", ProblemMessages.onto(problem, binding));
            }
        }
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        return accounts(model);
    }

    /** With {@code version}, the page waits until the view shows at least that version (the command's answer). */
    @GetMapping("/accounts/{accountId}")
    String account(@PathVariable String accountId, @RequestParam(defaultValue = "0") int version, Model model) {
        model.addAttribute("account", bank.account(accountId, Math.max(version, 0)));
        return "account";
    }

    @GetMapping("/accounts/{accountId}/history")
    String history(@PathVariable String accountId, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("account", bank.account(accountId, 0));
        model.addAttribute("changes", bank.changes(accountId, Math.max(page, 0), HISTORY_PAGE_SIZE));
        return "history";
    }

    @GetMapping("/accounts/{accountId}/audit")
    String audit(@PathVariable String accountId, @RequestParam(defaultValue = "1") int fromVersion, Model model) {
        int from = Math.max(fromVersion, 1);
        model.addAttribute("account", bank.account(accountId, 0));
        model.addAttribute("events", bank.audit(accountId, from, AUDIT_PAGE_SIZE));
        model.addAttribute("fromVersion", from);
        model.addAttribute("pageSize", AUDIT_PAGE_SIZE);
        return "audit";
    }

    @GetMapping("/accounts/{accountId}/close")
    String confirmClose(@PathVariable String accountId, Model model) {
        model.addAttribute("account", bank.account(accountId, 0));
        return "close";
    }

    @PostMapping("/accounts/{accountId}/close")
    String close(@PathVariable String accountId, Model model, HttpServletResponse response, RedirectAttributes redirect) {
        try {
            Versioned closed = bank.closeAccount(accountId);
            redirect.addFlashAttribute("notice", "The account is closed.");
            return "redirect:/accounts/" + accountId + "?version=" + closed.version();
        } catch (ApiProblem problem) {
            if (problem.notFound() || problem.status() >= 500) {
                throw problem;
            }
            AccountDetail account = bank.account(accountId, 0);
            model.addAttribute("account", account);
            model.addAttribute("message", ProblemMessages.of(problem));
            response.setStatus(problem.status());
            return "close";
        }
    }
}
