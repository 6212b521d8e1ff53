package io.sipcontainer.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * Compiles the {@code <pattern>} of a sip.xml {@code servlet-mapping} into a {@link Condition}
 * tree, following the SIP Servlet "Servlet Mapping" grammar: {@code and} and {@code or} over one or
 * more conditions, {@code not} over exactly one, {@code equal} and {@code contains} over a
 * {@code <var>} and a {@code <value>} (with an optional {@code ignore-case="true"}),
 * {@code subdomain-of} over a var and a value, and {@code exists} over a var. Unknown operators and
 * variables are deployment errors, because silently never matching would be worse.
 */
final class MappingRuleParser {

    private final DescriptorXml xml;

    MappingRuleParser(DescriptorXml xml) {
        this.xml = xml;
    }

    /** Compiles a {@code <pattern>} element, which holds exactly one condition. */
    Condition compilePattern(Element pattern) throws DeploymentException {
        List<Element> conditions = DescriptorXml.children(pattern);
        if (conditions.size() != 1) {
            throw xml.error(pattern, "<pattern> must hold exactly one condition, found " + conditions.size());
        }
        return compile(conditions.get(0));
    }

    private Condition compile(Element element) throws DeploymentException {
        String operator = DescriptorXml.nameOf(element);
        return switch (operator) {
            case "and" -> new Conditions.And(operands(element));
            case "or" -> new Conditions.Or(operands(element));
            case "not" -> new Conditions.Not(singleOperand(element));
            case "exists" -> new Conditions.Exists(variable(element));
            case "equal" -> new Conditions.Equal(variable(element), value(element), ignoreCase(element));
            case "contains" -> new Conditions.Contains(variable(element), value(element), ignoreCase(element));
            case "subdomain-of" -> new Conditions.SubdomainOf(variable(element), value(element));
            default -> throw xml.error(element, "unknown condition <" + operator
                    + ">; expected and, or, not, equal, exists, contains or subdomain-of");
        };
    }

    private List<Condition> operands(Element element) throws DeploymentException {
        List<Element> children = DescriptorXml.children(element);
        if (children.isEmpty()) {
            throw xml.error(element, "<" + DescriptorXml.nameOf(element) + "> needs at least one condition");
        }
        List<Condition> operands = new ArrayList<>(children.size());
        for (Element child : children) {
            operands.add(compile(child));
        }
        return operands;
    }

    private Condition singleOperand(Element element) throws DeploymentException {
        List<Element> children = DescriptorXml.children(element);
        if (children.size() != 1) {
            throw xml.error(element, "<not> must hold exactly one condition, found " + children.size());
        }
        return compile(children.get(0));
    }

    private RequestVariable variable(Element condition) throws DeploymentException {
        Element var = xml.optionalChild(condition, "var");
        if (var == null) {
            throw xml.error(condition, "<" + DescriptorXml.nameOf(condition) + "> lacks <var>");
        }
        String name = DescriptorXml.text(var);
        Optional<RequestVariable> variable = RequestVariable.named(name);
        if (variable.isEmpty()) {
            throw xml.error(var, "unknown variable '" + name + "'; known: " + RequestVariable.describeAllowed());
        }
        return variable.get();
    }

    private String value(Element condition) throws DeploymentException {
        Element value = xml.optionalChild(condition, "value");
        if (value == null) {
            throw xml.error(condition, "<" + DescriptorXml.nameOf(condition) + "> lacks <value>");
        }
        return DescriptorXml.text(value);
    }

    private boolean ignoreCase(Element condition) throws DeploymentException {
        String flag = condition.getAttribute("ignore-case").trim();
        return switch (flag) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw xml.error(condition, "ignore-case must be true or false, not '" + flag + "'");
        };
    }
}
