package io.eventbank.auth.customer.web;

import io.eventbank.auth.customer.application.SignUpResult;
import io.eventbank.auth.customer.application.SignUpService;
import io.eventbank.auth.customer.domain.SignUpPolicy;
import io.eventbank.auth.customer.domain.Violation;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The sign-up form. A rejected form answers 400 (409 for a taken username) with the reasons next to
 * the fields and the username as typed; a new customer is sent to the sign-in form.
 */
@Controller
class SignUpController {

    private static final int ECHO_LIMIT = 64;

    private final SignUpService signUp;

    SignUpController(SignUpService signUp) {
        this.signUp = signUp;
    }

    @GetMapping("/signup")
    String form(Model model) {
        model.addAttribute("username", "");
        model.addAttribute("errors", Map.of());
        policy(model);
        return "signup";
    }

    @PostMapping("/signup")
    String submit(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
            Model model, HttpServletResponse response) {
        return switch (signUp.signUp(username, password)) {
            case SignUpResult.SignedUp(String name) -> "redirect:" + UriComponentsBuilder.fromPath("/login")
                    .queryParam("signedUp", name).build().encode().toUriString();
            case SignUpResult.Rejected(List<Violation> violations) ->
                    reject(model, response, HttpStatus.BAD_REQUEST, username, violations);
            case SignUpResult.UsernameTaken(String name) -> reject(model, response, HttpStatus.CONFLICT, username,
                    List.of(new Violation("username", "The username " + name + " is taken; choose another.")));
        };
    }

    private static String reject(Model model, HttpServletResponse response, HttpStatus status, String username,
            List<Violation> violations) {
        response.setStatus(status.value());
        Map<String, String> errors = new LinkedHashMap<>();
        violations.forEach(v -> errors.merge(v.field(), v.message(), (a, b) -> a + " " + b));
        model.addAttribute("username", username.length() > ECHO_LIMIT ? "" : username);
        model.addAttribute("errors", errors);
        policy(model);
        return "signup";
    }

    private static void policy(Model model) {
        model.addAttribute("usernameMin", SignUpPolicy.USERNAME_MIN);
        model.addAttribute("usernameMax", SignUpPolicy.USERNAME_MAX);
        model.addAttribute("passwordMin", SignUpPolicy.PASSWORD_MIN);
        model.addAttribute("passwordMax", SignUpPolicy.PASSWORD_MAX);
    }
}
