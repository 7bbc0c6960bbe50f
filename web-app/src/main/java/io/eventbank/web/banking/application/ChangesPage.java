package io.eventbank.web.banking.application;

import java.util.List;

public record ChangesPage(int page, int size, long totalElements, long totalPages, List<AccountDetail.Change> items) {

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages;
    }
}
