package io.dualmigrate.sink;

import java.io.Serializable;

/**
 * One column written into a NEW table and where its value comes from: an OLD column or a constant.
 */
public final class TargetColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;
    public final String sourceColumn;
    public final String constant;

    private TargetColumn(String name, String sourceColumn, String constant) {
        this.name = name;
        this.sourceColumn = sourceColumn;
        this.constant = constant;
    }

    public static TargetColumn fromSource(String name, String sourceColumn) {
        return new TargetColumn(name, sourceColumn, null);
    }

    public static TargetColumn constant(String name, String literal) {
        return new TargetColumn(name, null, literal);
    }

    public boolean isConstant() {
        return sourceColumn == null;
    }
}
