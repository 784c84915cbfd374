import PasserelleDomain

/// A problem with one field of a submitted form, shown next to the field and in the summary.
struct FieldError: Sendable, Equatable {
    var field: String
    var message: String
}

/// Accessible form building blocks: labelled fields, hints, errors tied with aria-describedby,
/// and an error summary that links to each faulty field.
enum Forms {
    static func errorSummary(_ errors: [FieldError]) -> HTMLNode {
        guard !errors.isEmpty else { return .empty }
        return .div(.class("error-summary"), .role("alert"), .attr("tabindex", "-1"),
            .h2(.text(errors.count == 1 ? "Le formulaire contient une erreur" : "Le formulaire contient \(errors.count) erreurs")),
            .ul(.forEach(errors) { .li(.a(href: "#" + $0.field, .text($0.message))) })
        )
    }

    static func field(
        _ name: String, label: String, value: String? = nil, type: String = "text", required: Bool = true,
        autocomplete: String? = nil, hint: String? = nil, errors: [FieldError] = []
    ) -> HTMLNode {
        let error = errors.first { $0.field == name }
        let describedBy = [hint.map { _ in name + "-aide" }, error.map { _ in name + "-erreur" }].compactMap { $0 }.joined(separator: " ")
        return .div(.class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label), .if(!required, .span(.class("optional"), " (facultatif)"))),
            .unwrap(hint) { .p(.id(name + "-aide"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .input(.type(type), .id(name), .name(name), .value(type == "password" ? "" : (value ?? "")),
                   .if(required, .required()), .attr("autocomplete", autocomplete),
                   .attr("aria-describedby", describedBy.isEmpty ? nil : describedBy),
                   .attr("aria-invalid", error == nil ? nil : "true"))
        )
    }

    static func select(
        _ name: String, label: String, options: [(value: String, label: String)], selected: String?,
        hint: String? = nil, errors: [FieldError] = []
    ) -> HTMLNode {
        let error = errors.first { $0.field == name }
        return .div(.class(error == nil ? "field" : "field has-error"),
            .label(.for(name), .text(label)),
            .unwrap(hint) { .p(.id(name + "-aide"), .class("hint"), .text($0)) },
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .select(.id(name), .name(name),
                    .attr("aria-describedby", [hint.map { _ in name + "-aide" }, error.map { _ in name + "-erreur" }].compactMap { $0 }.joined(separator: " ").nilIfEmpty),
                    .attr("aria-invalid", error == nil ? nil : "true"),
                .forEach(options) { option in .option(.value(option.value), .selected(option.value == selected), .text(option.label)) })
        )
    }

    /// Radio buttons in a fieldset whose id is the field name, so the error summary can link to it.
    static func radios(_ name: String, legend: String, options: [(value: String, label: String)], selected: String?, errors: [FieldError] = []) -> HTMLNode {
        let error = errors.first { $0.field == name }
        return .fieldset(.id(name), .class(error == nil ? "field" : "field has-error"), .attr("aria-describedby", error == nil ? nil : name + "-erreur"),
            .legend(.text(legend)),
            .unwrap(error) { .p(.id(name + "-erreur"), .class("field-error"), .text($0.message)) },
            .forEach(options) { option in
                .div(.class("choice"),
                    .input(.type("radio"), .id(name + "-" + option.value), .name(name), .value(option.value), .attr("checked", option.value == selected ? "" : nil)),
                    .label(.for(name + "-" + option.value), .text(option.label)))
            })
    }

    /// A POST form carrying the session's CSRF token.
    static func post(_ action: String, context: PageContext, _ content: HTMLNode...) -> HTMLNode {
        .form(.method("post"), .action(action), .attr("novalidate", ""), context.csrfField, .group(content))
    }
}
