package com.wdtkingdee.sync.kingdee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KingdeeServicesTest {

    @ParameterizedTest
    @CsvSource({
        "http://erp.host/k3cloud,   AuthService.ValidateUser,"
                + " http://erp.host/k3cloud/Kingdee.BOS.WebApi.ServicesStub.AuthService.ValidateUser.common.kdsvc",
        "http://erp.host/k3cloud/,  DynamicFormService.BatchSave,"
                + " http://erp.host/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave.common.kdsvc",
        "http://erp.host/k3cloud//, DynamicFormService.ExecuteBillQuery,"
                + " http://erp.host/k3cloud/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc",
        "https://erp.host:8443/,    DynamicFormService.Allocate,"
                + " https://erp.host:8443/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Allocate.common.kdsvc",
    })
    void buildsEndpoint(String base, String service, String expected) {
        assertThat(KingdeeServices.uri(base, service)).hasToString(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "AuthService.ValidateUser, " + KingdeeServices.VALIDATE_USER,
        "AuthService.LoginByAppSecret, " + KingdeeServices.LOGIN_BY_APP_SECRET,
        "AuthService.LoginBySign, " + KingdeeServices.LOGIN_BY_SIGN,
        "DynamicFormService.BatchSave, " + KingdeeServices.BATCH_SAVE,
        "DynamicFormService.ExecuteBillQuery, " + KingdeeServices.EXECUTE_BILL_QUERY,
        "DynamicFormService.Allocate, " + KingdeeServices.ALLOCATE,
        "DynamicFormService.Submit, " + KingdeeServices.SUBMIT,
        "DynamicFormService.Audit, " + KingdeeServices.AUDIT,
        "DynamicFormService.Save, " + KingdeeServices.SAVE,
    })
    void serviceNames(String expected, String constant) {
        assertThat(constant).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"'/'", "'   '", "relative/path"})
    void rejectsBadBase(String base) {
        assertThatThrownBy(() -> KingdeeServices.uri(base, KingdeeServices.SAVE))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
