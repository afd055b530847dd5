package io.dualmigrate.sink;

import java.io.Serializable;

/**
 * One column written into a NEW table: where its value comes from (an OLD column or a
 * constant) and the NEW type the text value is cast to.
 */
public final class TargetColumn implements Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;
    public final String sqlType;
    public final String sourceColumn;
    public final String constant;

    private TargetColumn(String name, String sqlType, String sourceColumn, String constant) {
        this.name = name;
        this.sqlType = sqlType;
        this.sourceColumn = sourceColumn;
        this.constant = constant;
    }

    public static TargetColumn fromSource(String name, String sqlType, String sourceColumn) {
        return new TargetColumn(name, sqlType, sourceColumn, null);
    }

    public static TargetColumn constant(String name, String sqlType, String literal) {
        return new TargetColumn(name, sqlType, null, literal);
    }

    public boolean isConstant() {
        return sourceColumn == null;
    }
}
