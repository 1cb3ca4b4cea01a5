package com.wdtkingdee.sync.alert;

/** A robot or webhook did not accept an alert (HTTP status, or a non-zero errcode/code in a 200 answer). */
public final class AlertDeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AlertDeliveryException(String message) {
        super(message);
    }
}
